export function ApiBanner() {
  const api = import.meta.env.VITE_API_URL;
  const mode = import.meta.env.MODE;
  const key = 'SENTRY_DSN';
  const dsn = process.env[key];
  return <p data-mode={mode}>{api} {dsn} {process.env.PORT}</p>;
}
