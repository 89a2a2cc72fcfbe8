-- The library passages' GIN index kept the default pending list, as the officials' trigram indexes did
-- before migration 0036. A GIN index gathers new entries in a pending list, unsorted, that every scan
-- of the index reads whole, until a VACUUM (autovacuum, which this server may run without and PGlite
-- does not have) or the list's limit (gin_pending_list_limit, 4 MB by default) moves them into the
-- index. Passages are written at every change of an item (server/modules/library/repository.ts), so
-- the list only grows: in the demo library (scale 1, PGlite) 137 of the index's 139 pages were pending.
-- A search looks up each matching item's first matching passage (library_first_passages, migration
-- 0031): where the planner takes this index for it (items of many passages) each look-up would read
-- up to 4 MB of pending list. A limit of 64 kB (the least allowed) keeps what a scan reads to a few
-- pages; writing an item's passages moves the entries into the index every 64 kB, the same work in
-- smaller batches. (The search documents' indexes keep no pending list at all: migration 0027.)
ALTER INDEX "library_passages_document_idx" SET (gin_pending_list_limit = 64);--> statement-breakpoint
-- What the list holds now goes into the index at once (the owner may; this runs as the owner).
SELECT gin_clean_pending_list('library_passages_document_idx'::regclass);
