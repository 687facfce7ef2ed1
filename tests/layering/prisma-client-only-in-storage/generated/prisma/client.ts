// A layering fixture: this file breaks the rule its folder is named after, on purpose.
export class PrismaClient {}
