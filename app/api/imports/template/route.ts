import { universalTemplateCsv } from "@/lib/ledger/universal-template";

export const dynamic = "force-static";

export function GET() {
  return new Response(universalTemplateCsv(), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": 'attachment; filename="lotwise-universal-template.csv"',
    },
  });
}
