CREATE TABLE items (id bigint PRIMARY KEY, grp int NOT NULL, batch int NOT NULL, day int NOT NULL,
  ref int NOT NULL, note text);
CREATE INDEX items_grp ON items (grp);
CREATE INDEX items_day ON items (day);
CREATE INDEX items_ref ON items (ref);
