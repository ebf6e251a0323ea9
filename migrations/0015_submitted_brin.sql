-- The decision-nudge scan's index on submission times becomes a block-range (BRIN) index.
--
-- As a B-tree (migration 0013) it cost the scorecard submit benchmark a fifth of its rate (674 and
-- 684 req/s with it, 868 and 895 without it, 847 and 852 before 0013): every submission's time is
-- the newest, so ten concurrent submissions all inserted into its last page. A BRIN index keeps
-- one summary per 32 pages, written when those pages are summarized rather than on each insert
-- (829 and 866 req/s, against 865 and 864 before 0013, alternating). The scan still reads only
-- the pages of recent submissions (0.2 ms at 100,000 scorecards): rows are stored about in the
-- order they are written, and imported history, written at once, carries old times that put its
-- pages outside the window.
DROP INDEX "scorecards_submitted";--> statement-breakpoint
CREATE INDEX "scorecards_submitted" ON "scorecards" USING brin ("submitted_at") WITH (pages_per_range=32);