// Output types of the insights calls, re-exported to the renderer through main/api/contract.ts.
export {};
