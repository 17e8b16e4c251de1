/** The admin answers' schemas live with the other shared schemas; the sync client validates with them. */
export * from '../../schema/admin-answers.ts';
