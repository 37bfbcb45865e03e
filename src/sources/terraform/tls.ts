import { table } from '../../lookup.js';
import { asList, asObj, asString } from '../shape.js';
import { emitFact, type TfEmit } from './emit.js';
import { normaliseHost } from './hostnames.js';
import type { TfResource } from './resources.js';

interface Certificate {
  domains: string[];
  issuer: string;
  validation?: string;
  keyAlgorithm?: string;
  line: number;
}

const ACM_ISSUERS = table<string>({
  AMAZON_ISSUED: 'amazon',
  IMPORTED: 'imported',
  PRIVATE: 'aws-private-ca',
});

/**
 * `infra/tls/<domain>/issuer` (amazon, letsencrypt, letsencrypt-staging, google-managed,
 * self-signed, imported, ...), with `validation-method` and `key-algorithm` where known. The first
 * certificate read for a domain speaks for it.
 */
export function tlsFacts(out: TfEmit, resources: readonly TfResource[]): void {
  const seen = new Set<string>();
  for (const r of resources) {
    if (r.mode !== 'managed') continue;
    const certificate = readCertificate(r);
    if (!certificate) continue;
    for (const domain of certificate.domains) {
      const host = normaliseHost(domain, out.environment);
      if (seen.has(host)) continue;
      seen.add(host);
      const emit = (attribute: string, value: string | undefined) => {
        if (value)
          emitFact(out, { dimension: 'infra', path: ['tls', host, attribute], value }, certificate.line);
      };
      emit('issuer', certificate.issuer);
      emit('validation-method', certificate.validation);
      emit('key-algorithm', certificate.keyAlgorithm);
    }
  }
}

function readCertificate(r: TfResource): Certificate | undefined {
  const v = r.values;
  switch (r.type) {
    case 'aws_acm_certificate': {
      const domain = asString(v.domain_name);
      if (!domain) return undefined;
      const type = asString(v.type);
      const issuer =
        (type && ACM_ISSUERS[type]) ?? (asString(v.certificate_authority_arn) ? 'aws-private-ca' : 'amazon');
      return {
        domains: [domain],
        issuer,
        ...(asString(v.validation_method) ? { validation: asString(v.validation_method) } : {}),
        ...(asString(v.key_algorithm) ? { keyAlgorithm: asString(v.key_algorithm) } : {}),
        line: r.line,
      };
    }
    case 'acme_certificate': {
      const domain = asString(v.common_name) ?? asString(v.certificate_domain);
      if (!domain) return undefined;
      return { domains: [domain], issuer: acmeIssuer(asString(v.certificate_url)), line: r.line };
    }
    case 'google_compute_managed_ssl_certificate':
    case 'google_certificate_manager_certificate': {
      const managed = asObj(asList(v.managed)[0]);
      const domains = asList(managed?.domains).filter((d): d is string => typeof d === 'string');
      return domains.length > 0 ? { domains, issuer: 'google-managed', line: r.line } : undefined;
    }
    case 'tls_self_signed_cert': {
      const subject = asObj(asList(v.subject)[0]);
      const names = asList(v.dns_names).filter((d): d is string => typeof d === 'string');
      const domain = asString(subject?.common_name) ?? names[0];
      return domain
        ? {
            domains: [domain],
            issuer: 'self-signed',
            ...(asString(v.key_algorithm) ? { keyAlgorithm: asString(v.key_algorithm) } : {}),
            line: r.line,
          }
        : undefined;
    }
    default:
      return undefined;
  }
}

/** The ACME directory a certificate came from; Let's Encrypt's staging one issues untrusted certificates. */
function acmeIssuer(url: string | undefined): string {
  const host = url ? (/^https?:\/\/([^/]+)/i.exec(url)?.[1] ?? '').toLowerCase() : '';
  if (host.includes('letsencrypt.org'))
    return host.includes('staging') ? 'letsencrypt-staging' : 'letsencrypt';
  if (host.includes('zerossl')) return 'zerossl';
  if (host.includes('pki.goog')) return 'google-trust-services';
  return host || 'acme';
}
