/**
 * Kubernetes name rules (apimachinery/pkg/util/validation). kubernetes-models checks types and
 * shapes but not these, so the generators check them before anything reaches a cluster.
 */
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

/** Namespaces (and Service names): at most 63 of a-z 0-9 -, alphanumeric at both ends. */
export function isDnsLabel(s: string): boolean {
  return s.length <= 63 && DNS1123_LABEL.test(s);
}

/** Most object names (Deployment, Secret, WasmPlugin): dot-separated labels, at most 253. */
export function isDnsSubdomain(s: string): boolean {
  return s.length <= 253 && DNS1123_SUBDOMAIN.test(s);
}

/** `[prefix/]name`: prefix a DNS subdomain, name at most 63 of A-Z a-z 0-9 - _ . */
export function isLabelKey(s: string): boolean {
  const slash = s.indexOf('/');
  const name = slash < 0 ? s : s.slice(slash + 1);
  if (slash >= 0 && !isDnsSubdomain(s.slice(0, slash))) return false;
  return name.length <= 63 && LABEL_NAME.test(name);
}

/** Empty, or at most 63 of A-Z a-z 0-9 - _ . with alphanumerics at both ends. */
export function isLabelValue(s: string): boolean {
  return s === '' || (s.length <= 63 && LABEL_NAME.test(s));
}
