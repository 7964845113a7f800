#include "engine/proposal_facts.h"

namespace konform::engine {

ProposalFacts ReadProposalFacts(const xml::Document& doc) {
  ProposalFacts facts;
  pugi::xml_node root = doc.root();
  if (std::string(root.name()) != "proposal") return facts;
  pugi::xml_node metadata = root.child("metadata");
  facts.id = metadata.attribute("id").value();
  facts.submission_date = ParseIsoDate(metadata.attribute("submissionDate").value());
  for (pugi::xml_node request : root.child("waiverRequests").children("waiverRequest")) {
    WaiverRequest r;
    r.rule_id = request.attribute("ruleId").value();
    r.until = request.attribute("until").value();
    std::string scratch;
    r.justification =
        std::string(xml::NodeValue(xml::NodeRef{request.child("justification"), {}}, scratch));
    r.pos = doc.PosOf(xml::NodeRef{request, {}});
    facts.requests.push_back(std::move(r));
  }
  return facts;
}

}  // namespace konform::engine
