/** Staff modes: sign-in, the audit log, provisioning and enrollment, diagnostics, device assignment. */
export const STAFF_METHODS = {} as const;
