/** What a currency field says when the user left it holding text that names no currency. */
export function unknownCurrencyMessage(typed: string): string {
  return `Choose a currency from the list (${typed} is not a currency Quotla knows).`;
}
