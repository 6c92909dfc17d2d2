// Output types of the backup calls, re-exported to the renderer through main/api/contract.ts.
export {};
