/**
 * The kind of an image reference's tag, so that 19 images differing the same way (staging runs
 * `:latest`, production a pinned commit) read as one difference: `latest`, `a commit`,
 * `a version`, `a digest`, `no tag`, or the tag itself when it is none of those.
 */
export function tagKind(image: string): string {
  const at = image.indexOf('@');
  if (at >= 0) return 'a digest';
  const slash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  if (colon <= slash) return 'no tag';
  const tag = image.slice(colon + 1);
  if (tag === 'latest') return 'latest';
  if (/^[0-9a-f]{7,40}$/i.test(tag)) return 'a commit';
  if (/^v?\d+(\.\d+){0,3}([-+][0-9A-Za-z.-]+)?$/.test(tag)) return 'a version';
  return `:${tag}`;
}

/**
 * What two images' difference is, as a pattern: `staging latest, production a commit`. Images whose
 * tags are of one kind on both sides (two versions) say nothing shared: undefined, so they stay
 * findings of their own.
 */
export function imagePattern(
  baseline: string | undefined,
  candidate: string | undefined,
  names: { baseline: string; candidate: string },
): string | undefined {
  if (baseline === undefined || candidate === undefined) return undefined;
  const b = tagKind(baseline);
  const c = tagKind(candidate);
  if (b === c && !b.startsWith(':')) return undefined;
  return `${names.baseline} ${b}, ${names.candidate} ${c}`;
}
