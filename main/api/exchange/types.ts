// Output types of the exchange calls, re-exported to the renderer through main/api/contract.ts.
export {};
