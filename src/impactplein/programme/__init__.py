"""Programme governance: partners, objectives, action programmes, KPIs, meetings, budget."""
