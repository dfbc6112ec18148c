-- Indexes that serve the staff lists' keyset pages (base/keyset.h) and the
-- counts in their headings, so that a page costs what its rows cost.

-- /staff/items: newest first, of all states or of one; counts per state.
CREATE INDEX items_page ON items (agency_id, id);
CREATE INDEX items_page_state ON items (agency_id, state, id);

-- /staff/channels: newest first, of all channels or of one.
CREATE INDEX channel_releases_page ON channel_releases (agency_id, id);
CREATE INDEX channel_releases_page_channel ON channel_releases (agency_id, channel, id);

-- /staff/ledger: a year's publications and releases a China day at a time
-- (a range of the stored UTC time), its closed applications by date and
-- reference (compared byte by byte on PostgreSQL, as the page merges them).
CREATE INDEX publications_ledger_day ON publications (agency_id, published_at);
CREATE INDEX channel_releases_ledger_day ON channel_releases (agency_id, released_at);
-- @sqlite
CREATE INDEX applications_ledger ON applications (agency_id, closed_on, ref, id);
-- @end
-- @postgres
CREATE INDEX applications_ledger ON applications (agency_id, closed_on, ref COLLATE "C", id);
-- @end

-- /staff/feedback: the open cases by received date, then the rest newest first.
CREATE INDEX feedback_cases_page_open ON feedback_cases (agency_id, state, received_on, id);
CREATE INDEX feedback_cases_page ON feedback_cases (agency_id, id);
-- /staff/orders: open, then closed, each by due date and id.
CREATE INDEX rectification_orders_page ON rectification_orders (agency_id, state, due_on, id);
