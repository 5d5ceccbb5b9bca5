// Every test target imports this one module for what the tests share: `AdvisorTesting`'s `ManualClock` (the
// clock users get for their own tests) and `AdvisorSupport`'s seeded generator, beside the helpers here.
@_exported public import AdvisorSupport
@_exported public import AdvisorTesting
