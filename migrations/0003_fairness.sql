CREATE TABLE "fairness_answers" (
	"org_id" uuid NOT NULL,
	"candidate_id" uuid NOT NULL,
	"question_id" uuid NOT NULL,
	"category_id" uuid,
	"answered_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "fairness_answers_candidate_id_question_id_pk" PRIMARY KEY("candidate_id","question_id")
);
--> statement-breakpoint
CREATE TABLE "fairness_categories" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"question_id" uuid NOT NULL,
	"label" text NOT NULL,
	"position" integer NOT NULL,
	"retired_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fairness_question_sets" (
	"org_id" uuid PRIMARY KEY NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fairness_questions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"label" text NOT NULL,
	"position" integer NOT NULL,
	"retired_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "fairness_answers" ADD CONSTRAINT "fairness_answers_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fairness_answers" ADD CONSTRAINT "fairness_answers_candidate_id_candidates_id_fk" FOREIGN KEY ("candidate_id") REFERENCES "public"."candidates"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fairness_answers" ADD CONSTRAINT "fairness_answers_question_id_fairness_questions_id_fk" FOREIGN KEY ("question_id") REFERENCES "public"."fairness_questions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fairness_answers" ADD CONSTRAINT "fairness_answers_category_id_fairness_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."fairness_categories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fairness_categories" ADD CONSTRAINT "fairness_categories_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fairness_categories" ADD CONSTRAINT "fairness_categories_question_id_fairness_questions_id_fk" FOREIGN KEY ("question_id") REFERENCES "public"."fairness_questions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fairness_question_sets" ADD CONSTRAINT "fairness_question_sets_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fairness_questions" ADD CONSTRAINT "fairness_questions_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "fairness_answers_question" ON "fairness_answers" USING btree ("question_id","category_id");--> statement-breakpoint
CREATE INDEX "fairness_answers_category" ON "fairness_answers" USING btree ("category_id");--> statement-breakpoint
CREATE INDEX "fairness_categories_question" ON "fairness_categories" USING btree ("question_id","position");--> statement-breakpoint
CREATE INDEX "fairness_questions_org" ON "fairness_questions" USING btree ("org_id","position");