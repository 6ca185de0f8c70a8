/** The content model: the single source of truth for collections, integrity check, intake, feed and docs. */
export * from './common.ts';
export * from './signature.ts';
export * from './taxonomy.ts';
export * from './failure.ts';
export * from './remediation.ts';
export * from './report.ts';
