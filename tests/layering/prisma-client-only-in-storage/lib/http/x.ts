// A layering fixture: this file breaks the rule its folder is named after, on purpose.
import { PrismaClient } from "../../generated/prisma/client";
export const x = PrismaClient;
