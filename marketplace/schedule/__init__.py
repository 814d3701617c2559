"""The periodic upkeep (expiring unpaid checkouts, reconciling card payments, completing shipped
orders): jobs that each call one action and commit, and the scheduler that queues them."""
