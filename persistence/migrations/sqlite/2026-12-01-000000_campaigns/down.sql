DROP TABLE reflection_events;
DROP TABLE reflections;
DROP TABLE campaign_sessions;
DROP TABLE campaign_orgs;
DROP TABLE campaigns;
