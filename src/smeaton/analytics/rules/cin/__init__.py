"""DfE's validation rules for the CIN census (children in need), one module per XML
module the rule flags first."""
