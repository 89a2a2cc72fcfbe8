-- Registry search read up to 4 MB of each trigram index's pending list on every search (issue 14).
-- A GIN index gathers new entries in a pending list, unsorted, that every search reads whole, until
-- a VACUUM (autovacuum, which this server may run without and PGlite does not have) or the list's
-- limit (gin_pending_list_limit, 4 MB by default) moves them into the index. Over 115,000 officials
-- loaded with their indexes in place, the lists held 396, 42 and 355 pages: the search of 'wld ahmed'
-- took 31–73 ms on PGlite, 9 ms once they were cleaned. A limit of 64 kB (the least allowed) keeps
-- what a search reads to a few pages; an insert or an import moves the entries into the index
-- every 64 kB, the same work in smaller batches.
ALTER INDEX "officials_name_keys_trgm_idx" SET (gin_pending_list_limit = 64);--> statement-breakpoint
ALTER INDEX "officials_name_original_trgm_idx" SET (gin_pending_list_limit = 64);--> statement-breakpoint
ALTER INDEX "officials_email_trgm_idx" SET (gin_pending_list_limit = 64);--> statement-breakpoint
-- What the lists hold now goes into the indexes at once (the owner may; this runs as the owner).
SELECT gin_clean_pending_list('officials_name_keys_trgm_idx'::regclass);--> statement-breakpoint
SELECT gin_clean_pending_list('officials_name_original_trgm_idx'::regclass);--> statement-breakpoint
SELECT gin_clean_pending_list('officials_email_trgm_idx'::regclass);
