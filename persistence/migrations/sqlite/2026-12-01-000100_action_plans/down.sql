DROP TABLE plan_events;
DROP TABLE progress_reports;
DROP TABLE plan_items;
DROP TABLE action_plans;
