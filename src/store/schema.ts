// Inventory schema and its migrations, keyed on PRAGMA user_version. Append migrations; never edit
// a released one. Times: traffic times in epoch ms (`*_seen`, `minute` = epoch minute), run times ISO.

export const MIGRATIONS: readonly string[] = [
  /* 1 */ `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

  CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    label TEXT,
    status TEXT NOT NULL,            -- 'complete' (a run is one transaction: it exists only when applied)
    started_at TEXT NOT NULL,
    finished_at TEXT,
    calls INTEGER NOT NULL DEFAULT 0,
    skipped INTEGER NOT NULL DEFAULT 0,
    filtered INTEGER NOT NULL DEFAULT 0,
    new_endpoints INTEGER NOT NULL DEFAULT 0,
    first_ts INTEGER,
    last_ts INTEGER
  );

  CREATE TABLE run_inputs (
    run_id INTEGER NOT NULL REFERENCES runs(id),
    path TEXT NOT NULL,
    format TEXT NOT NULL,
    size INTEGER,
    sha256 TEXT NOT NULL,
    entries INTEGER NOT NULL,
    calls INTEGER NOT NULL,
    skipped INTEGER NOT NULL,
    filtered INTEGER NOT NULL,
    warnings INTEGER NOT NULL
  );
  CREATE INDEX run_inputs_sha ON run_inputs(sha256);
  CREATE INDEX run_inputs_size ON run_inputs(size);

  CREATE TABLE endpoints (
    id INTEGER PRIMARY KEY,
    host TEXT NOT NULL,
    method TEXT NOT NULL,
    path TEXT NOT NULL,              -- template as shown: /users/{userId}, /graphql#GetUser
    path_key TEXT NOT NULL,          -- placeholder names erased: /users/{}
    path_params TEXT NOT NULL DEFAULT '[]',
    calls INTEGER NOT NULL DEFAULT 0,
    first_seen INTEGER,
    last_seen INTEGER,
    first_run INTEGER NOT NULL,
    last_run INTEGER NOT NULL,
    merge_reason TEXT,
    oauth_token INTEGER NOT NULL DEFAULT 0,
    public_calls INTEGER NOT NULL DEFAULT 0,
    private_calls INTEGER NOT NULL DEFAULT 0,
    tags TEXT NOT NULL DEFAULT '[]',
    UNIQUE (host, method, path_key)
  );

  CREATE TABLE endpoint_status (
    endpoint_id INTEGER NOT NULL,
    status INTEGER NOT NULL,         -- -1: no response
    calls INTEGER NOT NULL,
    first_run INTEGER NOT NULL,
    PRIMARY KEY (endpoint_id, status)
  ) WITHOUT ROWID;

  CREATE TABLE params (
    endpoint_id INTEGER NOT NULL,
    location TEXT NOT NULL,
    status INTEGER NOT NULL,         -- response status for response.*; -1 for request.*
    name TEXT NOT NULL,
    types INTEGER NOT NULL,          -- bitmask, see store/types.ts
    types_prev INTEGER NOT NULL,     -- types before the last run touched it (change detection)
    calls INTEGER NOT NULL,
    first_seen INTEGER,
    first_run INTEGER NOT NULL,
    last_run INTEGER NOT NULL,
    PRIMARY KEY (endpoint_id, location, status, name)
  ) WITHOUT ROWID;

  CREATE TABLE endpoint_auth (
    endpoint_id INTEGER NOT NULL,
    scheme TEXT NOT NULL,
    calls INTEGER NOT NULL,
    ok_calls INTEGER NOT NULL,       -- answered 2xx
    ok_prev INTEGER NOT NULL,        -- ok_calls before the last run touched it
    first_run INTEGER NOT NULL,
    last_run INTEGER NOT NULL,
    PRIMARY KEY (endpoint_id, scheme)
  ) WITHOUT ROWID;

  CREATE TABLE jwt_info (
    endpoint_id INTEGER NOT NULL,
    alg TEXT NOT NULL,
    iss TEXT NOT NULL,
    expired INTEGER NOT NULL,
    calls INTEGER NOT NULL,
    PRIMARY KEY (endpoint_id, alg, iss, expired)
  ) WITHOUT ROWID;

  CREATE TABLE sensitive (
    endpoint_id INTEGER NOT NULL,
    location TEXT NOT NULL,
    param TEXT NOT NULL,
    type TEXT NOT NULL,
    calls INTEGER NOT NULL,
    first_seen INTEGER,
    last_seen INTEGER,
    first_run INTEGER NOT NULL,
    PRIMARY KEY (endpoint_id, location, param, type)
  ) WITHOUT ROWID;

  CREATE TABLE samples (endpoint_id INTEGER PRIMARY KEY, ok INTEGER NOT NULL, sample TEXT NOT NULL);

  CREATE TABLE path_values (
    endpoint_id INTEGER NOT NULL,
    param TEXT NOT NULL,
    value TEXT NOT NULL,             -- masked when sensitive
    calls INTEGER NOT NULL,
    PRIMARY KEY (endpoint_id, param, value)
  ) WITHOUT ROWID;

  CREATE TABLE users (id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, kind TEXT NOT NULL);

  CREATE TABLE minute_stats (
    endpoint_id INTEGER NOT NULL,
    minute INTEGER NOT NULL,
    calls INTEGER NOT NULL, s2xx INTEGER NOT NULL, s3xx INTEGER NOT NULL,
    s4xx INTEGER NOT NULL, s5xx INTEGER NOT NULL, s_other INTEGER NOT NULL,
    PRIMARY KEY (endpoint_id, minute)
  ) WITHOUT ROWID;

  CREATE TABLE user_minute (
    endpoint_id INTEGER NOT NULL,
    minute INTEGER NOT NULL,
    user_id INTEGER NOT NULL,
    calls INTEGER NOT NULL,
    PRIMARY KEY (endpoint_id, minute, user_id)
  ) WITHOUT ROWID;

  CREATE TABLE latency_minute (
    endpoint_id INTEGER NOT NULL,
    minute INTEGER NOT NULL,
    bucket INTEGER NOT NULL,
    calls INTEGER NOT NULL,
    PRIMARY KEY (endpoint_id, minute, bucket)
  ) WITHOUT ROWID;

  -- The same for all traffic, so the all-endpoints view needs no scan over every endpoint.
  CREATE TABLE all_minute_stats (
    minute INTEGER PRIMARY KEY,
    calls INTEGER NOT NULL, s2xx INTEGER NOT NULL, s3xx INTEGER NOT NULL,
    s4xx INTEGER NOT NULL, s5xx INTEGER NOT NULL, s_other INTEGER NOT NULL
  );
  CREATE TABLE all_user_minute (
    minute INTEGER NOT NULL, user_id INTEGER NOT NULL, calls INTEGER NOT NULL,
    PRIMARY KEY (minute, user_id)
  ) WITHOUT ROWID;
  CREATE TABLE all_latency_minute (
    minute INTEGER NOT NULL, bucket INTEGER NOT NULL, calls INTEGER NOT NULL,
    PRIMARY KEY (minute, bucket)
  ) WITHOUT ROWID;

  CREATE TABLE changes (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL,
    kind TEXT NOT NULL,
    host TEXT NOT NULL,
    method TEXT NOT NULL,
    path TEXT NOT NULL,
    detail TEXT NOT NULL,
    first_seen INTEGER
  );
  CREATE INDEX changes_run ON changes(run_id);
  `,
  /* 2: hourly roll-ups, so week-long stats windows read hours and only the partial hours at the
        edges in minutes (per-user counts are additive, so the result stays exact). */ `
  CREATE TABLE user_hour (
    endpoint_id INTEGER NOT NULL, hour INTEGER NOT NULL, user_id INTEGER NOT NULL, calls INTEGER NOT NULL,
    PRIMARY KEY (endpoint_id, hour, user_id)
  ) WITHOUT ROWID;
  CREATE TABLE all_user_hour (
    hour INTEGER NOT NULL, user_id INTEGER NOT NULL, calls INTEGER NOT NULL,
    PRIMARY KEY (hour, user_id)
  ) WITHOUT ROWID;
  CREATE TABLE hour_stats (
    endpoint_id INTEGER NOT NULL, hour INTEGER NOT NULL, calls INTEGER NOT NULL,
    PRIMARY KEY (endpoint_id, hour)
  ) WITHOUT ROWID;
  CREATE INDEX hour_stats_hour ON hour_stats(hour);
  CREATE INDEX minute_stats_minute ON minute_stats(minute);
  INSERT INTO user_hour SELECT endpoint_id, minute / 60, user_id, sum(calls) FROM user_minute GROUP BY 1, 2, 3;
  INSERT INTO all_user_hour SELECT minute / 60, user_id, sum(calls) FROM all_user_minute GROUP BY 1, 2;
  INSERT INTO hour_stats SELECT endpoint_id, minute / 60, sum(calls) FROM minute_stats GROUP BY 1, 2;
  `,
  /* 3: daily call roll-ups per endpoint (the busiest endpoints of a week read days, plus hours and
        minutes at the edges) and hourly latency histograms of all traffic. */ `
  CREATE TABLE day_stats (
    endpoint_id INTEGER NOT NULL, day INTEGER NOT NULL, calls INTEGER NOT NULL,
    PRIMARY KEY (endpoint_id, day)
  ) WITHOUT ROWID;
  CREATE INDEX day_stats_day ON day_stats(day);
  CREATE TABLE all_latency_hour (
    hour INTEGER NOT NULL, bucket INTEGER NOT NULL, calls INTEGER NOT NULL,
    PRIMARY KEY (hour, bucket)
  ) WITHOUT ROWID;
  INSERT INTO day_stats SELECT endpoint_id, hour / 24, sum(calls) FROM hour_stats GROUP BY 1, 2;
  INSERT INTO all_latency_hour SELECT minute / 60, bucket, sum(calls) FROM all_latency_minute GROUP BY 1, 2;
  `,
  /* 4: all-traffic per-user and latency rows per minute go: they repeated the per-endpoint minute
        rows (about one row per call each). Windows read their hourly roll-ups, and the partial hours
        at the edges from the per-endpoint minute rows. */ `
  DROP TABLE all_user_minute;
  DROP TABLE all_latency_minute;
  `,
  /* 5: media types (Content-Type essences) of request bodies, and of response bodies per status, so
        OpenAPI export describes form, multipart, HTML, XML ... bodies as what they are. Older runs
        recorded none: nothing to backfill, and their bodies keep the `application/json` fallback. */ `
  CREATE TABLE endpoint_media_types (
    endpoint_id INTEGER NOT NULL,
    location TEXT NOT NULL,          -- 'request.body' | 'response.body'
    status INTEGER NOT NULL,         -- response status for response.body (-1: none); -1 for request.body
    media_type TEXT NOT NULL,        -- 'application/json', 'multipart/form-data': lower-case, no parameters
    calls INTEGER NOT NULL,
    first_run INTEGER NOT NULL,
    PRIMARY KEY (endpoint_id, location, status, media_type)
  ) WITHOUT ROWID;
  `,
  /* 6: calls per endpoint made over cleartext (an `http` or `ws` URL, no TLS), so plain-HTTP use of
        an endpoint shows in `show` and in an exported spec's servers. Older runs recorded none:
        nothing to backfill, and their hosts keep the schemes their samples show. Their calls are
        set apart as of unknown scheme, so they are not taken for TLS calls either. */ `
  ALTER TABLE endpoints ADD COLUMN cleartext_calls INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE endpoints ADD COLUMN unknown_scheme_calls INTEGER NOT NULL DEFAULT 0;
  UPDATE endpoints SET unknown_scheme_calls = calls;
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;
