/**
 * The dictionaries are put together from parts (the shell's and each module's) by spreading them into one object,
 * where a key in two parts would silently keep the later text. `composeMessages` makes that a type error that names
 * the key, as a repeated key in one object literal is.
 */

/** The keys found in more than one of `Parts`. */
type SharedKeys<Parts extends readonly object[], Seen extends PropertyKey = never> = Parts extends readonly [
  infer Head extends object,
  ...infer Tail extends readonly object[],
]
  ? (keyof Head & Seen) | SharedKeys<Tail, Seen | keyof Head>
  : never;

type Merged<Parts extends readonly object[]> = Parts extends readonly [infer Head, ...infer Tail extends readonly object[]]
  ? Head & Merged<Tail>
  : unknown;

/** One object type instead of an intersection, so that editors show the dictionary's keys plainly. */
type Flat<T> = { [K in keyof T]: T[K] };

type Distinct<Parts extends readonly object[]> = [SharedKeys<Parts>] extends [never] ? unknown : { 'keys in two parts': SharedKeys<Parts> };

/** The parts' messages in one dictionary; the parts must share no key. */
export function composeMessages<Parts extends readonly object[]>(...parts: Parts & Distinct<Parts>): Flat<Merged<Parts>> {
  return Object.assign({}, ...parts);
}
