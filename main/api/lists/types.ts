// Output types of the lists calls, re-exported to the renderer through main/api/contract.ts.
export {};
