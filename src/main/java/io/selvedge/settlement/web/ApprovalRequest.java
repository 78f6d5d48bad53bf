package io.selvedge.settlement.web;

/** {@code POST .../journal/approval}: optional; {@code approvedBy} is the approving staff id. */
record ApprovalRequest(String approvedBy) {
}
