// Facts konform itself needs from a proposal (format 1.0), read in one place: its id (for
// fingerprints and board waivers), its submission date (the default evaluation date) and
// the waivers its author requests.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/date.h"
#include "xml/document.h"

namespace konform::engine {

struct WaiverRequest {
  std::string rule_id;
  std::string until;
  std::string justification;
  SourcePos pos;
};

struct ProposalFacts {
  std::string id;                       // /proposal/metadata/@id
  std::optional<Date> submission_date;  // /proposal/metadata/@submissionDate
  std::vector<WaiverRequest> requests;  // /proposal/waiverRequests/waiverRequest
};

ProposalFacts ReadProposalFacts(const xml::Document& doc);

}  // namespace konform::engine
