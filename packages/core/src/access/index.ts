/** Access rules: roles, permissions, jurisdiction and one policy module per entity. */
export * from './roles.ts';
export * from './jurisdiction.ts';
export * from './guardianship.ts';
export * from './policies/user.ts';
export * from './policies/apiKey.ts';
export * from './policies/audit.ts';
export * from './policies/session.ts';
export * from './auditActions.ts';
export * from './auditEntities.ts';
