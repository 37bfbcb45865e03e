// Charges a card for an order, after a fraud check.
const timeoutMs = Number(process.env.PAYMENT_TIMEOUT_MS ?? '5000');
const fraudUrl = process.env.FRAUD_CHECK_URL;
const stripeKey = process.env.STRIPE_SECRET_KEY;

export async function charge(orderId: string, amountCents: number): Promise<string> {
  if (!stripeKey) throw new Error('STRIPE_SECRET_KEY is required');
  const score = await fetch(`${fraudUrl}?order=${orderId}`, { signal: AbortSignal.timeout(timeoutMs) });
  if (!score.ok) throw new Error(`fraud check failed: ${score.status}`);
  const res = await fetch('https://api.stripe.com/v1/payment_intents', {
    method: 'POST',
    headers: { authorization: `Bearer ${stripeKey}` },
    body: new URLSearchParams({ amount: String(amountCents), currency: 'eur' }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  return (await res.json()).id;
}
