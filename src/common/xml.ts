/**
 * Reading standard XML messages (ISO 20022, UBL) with a real parser (fast-xml-parser, ADR 018): well-formedness
 * first, then a tree whose element names have their namespace prefixes removed (`cbc:ID` → `ID`) and whose text
 * stays text (amounts are never turned into numbers). The root's namespace is read separately, since the stripped
 * tree no longer has it. A DOCTYPE is refused: no message format the platform takes has one, and entity
 * declarations are how XML bombs and external-entity reads get in.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** An element: its children by (unprefixed) name, its attributes as `@_name`, its text as `#text`. */
export type XmlNode = { [name: string]: XmlValue };
export type XmlValue = string | XmlNode | XmlValue[];

export interface ParsedXml {
  /** Unprefixed name of the root element (`Document`, `Invoice`). */
  rootName: string;
  /** The root element's namespace URI ('' when it has none). */
  namespace: string;
  root: XmlNode;
}

/** Why a document is not XML the platform reads: `line`/`column` where the parser stopped. */
export class XmlMalformedError extends Error {
  constructor(
    message: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message);
  }
}

const options = { ignoreAttributes: false, attributeNamePrefix: '@_', parseTagValue: false, parseAttributeValue: false, trimValues: true, processEntities: true };
const stripped = new XMLParser({ ...options, removeNSPrefix: true });
const raw = new XMLParser({ ...options, removeNSPrefix: false });

/** Parses `text` as one XML document; throws XmlMalformedError for anything else. */
export function parseXml(text: string): ParsedXml {
  if (/<!DOCTYPE/i.test(text)) throw new XmlMalformedError('a DOCTYPE is not allowed');
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new XmlMalformedError(valid.err.msg, valid.err.line, valid.err.col);
  const tree = stripped.parse(text) as XmlNode;
  const roots = Object.keys(tree).filter((k) => !k.startsWith('?') && !k.startsWith('#'));
  if (roots.length !== 1) throw new XmlMalformedError(`a document has one root element, this one has ${roots.length}`);
  const rootName = roots[0]!;
  const root = tree[rootName];
  // The prefixed tree gives the root's xmlns / xmlns:prefix attributes.
  const rawTree = raw.parse(text) as XmlNode;
  const rawName = Object.keys(rawTree).find((k) => !k.startsWith('?') && !k.startsWith('#'))!;
  const rawRoot = rawTree[rawName];
  const prefix = rawName.includes(':') ? rawName.slice(0, rawName.indexOf(':')) : '';
  const nsAttr = prefix ? `@_xmlns:${prefix}` : '@_xmlns';
  const namespace = rawRoot && typeof rawRoot === 'object' && !Array.isArray(rawRoot) && typeof rawRoot[nsAttr] === 'string' ? (rawRoot[nsAttr] as string) : '';
  return { rootName, namespace, root: typeof root === 'object' && !Array.isArray(root) ? root : root === undefined || root === '' ? {} : { '#text': root as string } };
}

/** The child elements called `name` (none, one or many), as elements. */
export function children(node: XmlValue | undefined, name: string): XmlNode[] {
  if (node === undefined || typeof node === 'string' || Array.isArray(node)) return [];
  const v = node[name];
  if (v === undefined) return [];
  return (Array.isArray(v) ? v : [v]).map((x) => (typeof x === 'string' ? { '#text': x } : Array.isArray(x) ? {} : x));
}

/** The one child `name` (the first when repeated), or undefined. */
export function child(node: XmlValue | undefined, name: string): XmlNode | undefined {
  return children(node, name)[0];
}

/** Follows a path of child names: `at(doc, 'GrpHdr', 'MsgId')`. */
export function at(node: XmlValue | undefined, ...path: string[]): XmlNode | undefined {
  let n: XmlNode | undefined = node as XmlNode | undefined;
  for (const name of path) {
    n = child(n, name);
    if (!n) return undefined;
  }
  return n;
}

/** The text of an element (trimmed; undefined when absent or empty). */
export function text(node: XmlNode | undefined): string | undefined {
  if (!node) return undefined;
  const t = node['#text'];
  const s = typeof t === 'string' ? t.trim() : '';
  return s === '' ? undefined : s;
}

/** The text at a path, or undefined. */
export const textAt = (node: XmlValue | undefined, ...path: string[]): string | undefined => text(at(node, ...path));

/** An attribute of an element. */
export function attribute(node: XmlNode | undefined, name: string): string | undefined {
  const v = node?.[`@_${name}`];
  return typeof v === 'string' ? v.trim() : undefined;
}
