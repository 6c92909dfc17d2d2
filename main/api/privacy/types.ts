// Output types of the privacy calls, re-exported to the renderer through main/api/contract.ts.
export {};
