module closeout.local/tools

go 1.26.8

require (
	github.com/axllent/mailpit v1.22.0
	github.com/stripe/stripe-mock v0.203.0
)
