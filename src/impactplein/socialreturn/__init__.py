"""Social return (objective O3): valuation schemes, contracts, obligations, fulfilment, spend."""
