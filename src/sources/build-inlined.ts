// Shared by the dockerfile source (an ARG a bundler inlines) and derive's variable scopes.

/**
 * Prefixes that bundlers inline into the client bundle at build time (Next.js, Vite, CRA, Nuxt,
 * SvelteKit and Astro, Expo, Gatsby, Vue CLI): whatever the runtime environment says afterwards,
 * the value baked at build is the one users get.
 */
export const BUILD_INLINED_PREFIXES = [
  'NEXT_PUBLIC_',
  'VITE_',
  'REACT_APP_',
  'NUXT_PUBLIC_',
  'PUBLIC_',
  'EXPO_PUBLIC_',
  'GATSBY_',
  'VUE_APP_',
] as const;

/** True for a variable name a bundler inlines at build (`NEXT_PUBLIC_API_URL`). */
export function isBuildInlined(name: string): boolean {
  return BUILD_INLINED_PREFIXES.some((p) => name.startsWith(p));
}
