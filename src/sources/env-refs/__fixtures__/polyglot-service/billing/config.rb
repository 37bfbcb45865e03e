# Billing settings
# ENV['COMMENTED_OUT'] is documentation
module Billing
  STRIPE_KEY = ENV.fetch('STRIPE_SECRET_KEY')
  CURRENCY = ENV.fetch('BILLING_CURRENCY', 'EUR')
  RETRIES = ENV.fetch('BILLING_RETRIES') { '3' }.to_i
  WEBHOOK = ENV["STRIPE_WEBHOOK_SECRET"]
  SANDBOX = ENV['BILLING_SANDBOX'] || 'true'
  LABEL = "billing-#{ENV['RAILS_ENV']}"
  ENV['TZ'] = 'UTC'
  TIMEOUT = ENV.fetch "BILLING_TIMEOUT", "30"
end
