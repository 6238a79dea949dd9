import type { Command } from "./main";

export const infoCommand: Command = {
  summary: "where the CLI works and what the catalogue holds",
  usage: "info",
  async run(_args, open) {
    const ctx = await open();
    try {
      const catalogue = await ctx.adapters.catalogue.load();
      console.log(
        JSON.stringify(
          {
            target: ctx.target,
            table: ctx.config.tableName,
            catalogueVersion: catalogue.version,
            agencies: catalogue.agencies.length,
            procedures: catalogue.procedures.length,
          },
          null,
          2,
        ),
      );
      return 0;
    } finally {
      await ctx.close();
    }
  },
};
