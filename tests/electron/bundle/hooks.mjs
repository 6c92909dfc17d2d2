// Node module hooks: `electron` resolves to the stand-in, so the real bundle can load.
export async function resolve(specifier, context, nextResolve) {
  if (specifier === 'electron') return { url: new URL('./fake-electron.mjs', import.meta.url).href, shortCircuit: true };
  return nextResolve(specifier, context);
}
