"""The agency's reports: sales, the impact of training, and the artisans' sales statements. Queries
only; the admin and dashboard routes render them."""
