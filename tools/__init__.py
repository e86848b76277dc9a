"""Structured tools: plain typed functions first, LangChain tools and CLI commands over them.

Nothing is imported here (the registry tools pull in the database layer). Entry points:

- deadlines: `tools.deadlines.compute_deadline`, `renewal_window`, `renewal_for_agency`, `list_events`
- eligibility: `tools.eligibility.evaluate_eligibility`, `applicant_types`, `questions_for`
- checklists: `tools.checklists.get_checklist`, `list_procedures`, `render_checklist`
- filing status: `tools.filing_status.filing_status`, `audit_history`; regulator lists in
  `tools.registry_queries` (`expiring_within`, `expired_unrenewed`, `suspended_filings`,
  `terminated_between`, `registry_summary`)
- rule tables and citations: `tools.rules.RuleCitation`, `check_citations`
- LangChain: `tools.langchain_tools.rule_tools()`, `tools.filing_tools.FILING_TOOLS`
"""
