import "server-only";
import { prisma } from "./prisma";
import { headerSignature } from "@/lib/uploads/header-signature";
import type { UniversalMapping } from "@/lib/importers/column-mapping";

export interface ColumnMappingDto {
  id: string;
  name: string;
  headers: string[];
  mapping: UniversalMapping;
}

const toDto = (r: { id: string; name: string; headers: unknown; mapping: unknown }): ColumnMappingDto => ({
  id: r.id,
  name: r.name,
  headers: r.headers as string[],
  mapping: r.mapping as UniversalMapping,
});

export async function findColumnMapping(userId: string, id: string): Promise<ColumnMappingDto | null> {
  const r = await prisma.columnMapping.findFirst({ where: { id, userId } });
  return r ? toDto(r) : null;
}

/** The mapping the user saved for files with exactly these headers, if any. */
export async function findMappingForHeaders(userId: string, headers: readonly string[]): Promise<ColumnMappingDto | null> {
  const r = await prisma.columnMapping.findUnique({ where: { userId_headerSignature: { userId, headerSignature: headerSignature(headers) } } });
  return r ? toDto(r) : null;
}

export async function saveColumnMapping(userId: string, input: { name: string; headers: string[]; mapping: UniversalMapping }): Promise<ColumnMappingDto> {
  const signature = headerSignature(input.headers);
  const r = await prisma.columnMapping.upsert({
    where: { userId_headerSignature: { userId, headerSignature: signature } },
    create: { userId, name: input.name, headerSignature: signature, headers: input.headers, mapping: input.mapping },
    update: { name: input.name, mapping: input.mapping },
  });
  return toDto(r);
}
