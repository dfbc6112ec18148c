// Internal to the applications service: reading and writing a case's rows
// inside a transaction. Not for other modules.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "accounts/roles.h"
#include "base/calendar.h"
#include "base/clock.h"
#include "base/crypto.h"
#include "base/keyset.h"
#include "requests/applications.h"
#include "requests/letters.h"
#include "store/db.h"

namespace gk::requests::internal {

// The columns of applications the workflow needs.
struct CaseRow {
  int64_t id = 0, agency_id = 0;
  std::string ref, applicant_name, applicant_type, channel, received_on, info_title, state, outcome;
  std::optional<int64_t> department_id;
};

Result<std::optional<CaseRow>> LoadCase(store::Tx& tx, int64_t agency_id, int64_t id);

// Everything an action needs to know about a case, loaded inside the
// transaction: its row, the facts for the state machine (flow.h), the
// calendar and the clock as of today.
struct Loaded {
  CaseRow row;
  CaseState state = CaseState::kReceived;
  CaseFacts facts;
  WorkdayCalendar cal;
  Deadline clock;
  Date today;
};
// The case and its facts, for someone who may read it (NotFound otherwise).
Result<Loaded> Load(store::Tx& tx, const Clock& clock, const accounts::Principal& who, int64_t id);
// The person as the state machine sees them.
CaseActor ActorOf(const accounts::Principal& who);

// The readers behind Get, RegistrySuggestions, FindRepeats and QuoteFee, for
// use inside one transaction (CasePage). The three readers check that `who`
// may read the case (NotFound otherwise); QuoteByCount does not.
Result<Case> ReadCase(store::Tx& tx, const Clock& clock, const accounts::Principal& who, int64_t id);
Result<std::vector<Suggestion>> ReadSuggestions(store::Tx& tx, const accounts::Principal& who, int64_t id);
Result<Repeats> ReadRepeats(store::Tx& tx, const accounts::Principal& who, int64_t id);
// The fee by count (按件) for this case: how many the applicant filed earlier
// in the month of its receipt.
Result<Fee> QuoteByCount(store::Tx& tx, const CaseRow& row);

// The clock events of a case in order, with the label of each (for DueHistory).
struct ClockEvents {
  std::vector<ClockEvent> events;
  std::vector<std::string> causes;
};
Result<ClockEvents> LoadClockEvents(store::Tx& tx, int64_t id);

// Computes the clock view of a case (errors go into view.error).
ClockView MakeClockView(const ClockEvents& ce, const WorkdayCalendar& cal, Date today, bool open);

// One row of application_events.
struct NewEvent {
  std::string action;
  Date on_date;
  std::optional<int64_t> user_id;
  std::optional<ClockEventKind> clock_kind;
  std::string pause;
  int days = 0;
  std::string note, public_note;
};
Status AddEvent(store::Tx& tx, const Clock& clock, int64_t agency_id, int64_t id, const NewEvent& e);

const char* ClockKindKey(ClockEventKind k);

// Recomputes the clock from the events and stores state, due date and
// state_since.
Status SaveState(store::Tx& tx, const Clock& clock, const WorkdayCalendar& cal, int64_t agency_id, int64_t id,
                 CaseState state);

// The next number of `kind` ("application" or a letter kind) for the year.
Result<int64_t> NextSeq(store::Tx& tx, int64_t agency_id, const std::string& kind, int year);

// Creates a numbered letter from the agency's template (or the default) and
// `fields`; returns its id.
Result<int64_t> IssueLetter(store::Tx& tx, const Clock& clock, const accounts::Principal& who, const CaseRow& c,
                            LetterKind kind, Date issued_on, std::map<std::string, std::string> fields);

// A new query code for the public, "XXXX-XXXX-XXXX" from an alphabet without
// 0/O/1/I (60 bits); only its keyed fingerprint is stored.
std::string NewQueryCode();
// The query code of a portal submission whose submission key is `seed`:
// the same for the same key (a re-sent form shows the same receipt), of the
// form of NewQueryCode, and unpredictable without the data key.
std::string QueryCodeFrom(const DataKey& key, std::string_view seed);
// Upper case, without dashes and spaces: what the fingerprint is taken of.
std::string NormalizeCode(std::string_view code);
// The digits of a phone number.
std::string Digits(std::string_view s);

// Registers an application at `agency_id` received on `received` (the clock
// starts the next day in that agency's calendar), with its received event.
// `query_code_hash` "" draws a new query code (returned in Filed); else the
// case takes that fingerprint (a hand-over keeps the applicant's code).
Result<Filed> File(store::Tx& tx, const Clock& clock, const DataKey& key, int64_t agency_id,
                   const ApplicationInput& in, Channel channel, Date received, std::optional<int64_t> user,
                   const std::string& query_code_hash);

// 转交 (Art. 36(5), handover.cc): the step of Applications::Act that hands
// case `l` over to in.target_agency_id — validated against the platform's
// agencies, not `who`'s own — issues the reply letter naming that agency and
// its public contact data, and, with the applicant's consent, registers the
// application there as received `on` (audited in that agency). Returns the
// case event of the handing agency.
Result<NewEvent> HandOver(store::Tx& tx, const Clock& clock, const DataKey& key, const accounts::Principal& who,
                          const Loaded& l, const ActInput& in, Date on);

// The hand-over link of case `id` of `agency_id`: kTo, where it was handed to;
// kFrom, where it came from. Only the link row and the other agency's name
// and code are read.
enum class HandOverSide { kTo, kFrom };
Result<std::optional<HandOverLink>> LoadHandOver(store::Tx& tx, int64_t agency_id, int64_t id, HandOverSide side);

// The agencies of the platform a case of `agency_id` may be handed over to:
// every other one, in ListPlatform's order.
Result<std::vector<accounts::PlatformAgency>> HandOverTargets(store::Tx& tx, int64_t agency_id);

// The agency's settings with defaults for letters.
Result<std::map<std::string, std::string>> LetterSettings(store::Tx& tx, int64_t agency_id);

// Keyset pages of the staff's case lists (base/keyset.h): `select` is a
// SELECT … WHERE … without ORDER BY; `col` the sort column and `id` the
// tie-breaker, both qualified ("a.due_on", "a.id"). limit + 1 rows are read
// (TakePage), each query served by an index on (agency_id, col, id).
//
// Ascending, rows whose `col` is NULL after the others by id (two queries);
// the position of such a row has the key "".
Result<std::vector<store::Row>> SeekNullsLast(store::Tx& tx, const std::string& select,
                                              const std::vector<store::Value>& params, const std::string& col,
                                              const std::string& id, const PageSpec& page);
// Descending; `col` is never NULL.
Result<std::vector<store::Row>> SeekDescending(store::Tx& tx, const std::string& select,
                                               std::vector<store::Value> params, const std::string& col,
                                               const std::string& id, const PageSpec& page);

}  // namespace gk::requests::internal
