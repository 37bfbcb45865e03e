// Next.js inlines NEXT_PUBLIC_* at build time: this constant is fixed when the image is built.
export const API_URL = process.env.NEXT_PUBLIC_API_URL ?? 'http://localhost:8080';
