"""Enterprise credit: the public record per USCC, its status rules, lookup, reports, follows and objections."""
