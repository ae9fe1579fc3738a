package processors

import "time"

// Kind says which input event a message carries.
type Kind string

// Input kinds.
const (
	KindEmail  Kind = "email"
	KindTicket Kind = "ticket"
)

// Email is the inbound email event (schemas/email.v1.json).
type Email struct {
	MessageID  string    `json:"message_id"`
	From       string    `json:"from"`
	To         []string  `json:"to"`
	Subject    string    `json:"subject"`
	Text       string    `json:"text,omitempty"`
	HTML       string    `json:"html,omitempty"`
	RawMIME    string    `json:"raw_mime,omitempty"`
	ReceivedAt time.Time `json:"received_at"`
	// InReplyTo and References are the thread headers of the same names
	// (message ids, usually "<…>"); optional.
	InReplyTo  string   `json:"in_reply_to,omitempty"`
	References []string `json:"references,omitempty"`
}

// Customer identifies who opened a ticket.
type Customer struct {
	ID    string `json:"id"`
	Email string `json:"email,omitempty"`
}

// Ticket is the inbound support ticket event (schemas/ticket.v1.json).
type Ticket struct {
	TicketID  string    `json:"ticket_id"`
	Subject   string    `json:"subject"`
	Body      string    `json:"body"`
	Channel   string    `json:"channel"`
	Customer  Customer  `json:"customer"`
	CreatedAt time.Time `json:"created_at"`
}

// Input is one decoded message as the engines see it. Subject and Body are
// the text the decision is made on: the ticket's subject and normalised
// body, or the email's subject and its cleaned text (see Decoder.Decode).
// Exactly one of Email and Ticket is set, matching Kind.
type Input struct {
	Kind    Kind
	ID      string // message_id or ticket_id
	Subject string
	Body    string
	Email   *Email
	Ticket  *Ticket
	// RawBody is the body before normalisation and cleaning.
	RawBody string
	// IDKey, when set, identifies the message for the output event id in
	// place of its Kafka coordinates: "msgid:" + message_id for emails.
	IDKey string
	// Cleaning (emails only) says how much cleaning cut from RawBody.
	Cleaning *Cleaning
	// Thread (emails only) holds the message's thread headers.
	Thread *Thread
	// Quoted (emails only) is the quoted history the new text may refer to:
	// the cleaned text of the most recent quoted message, its offer lines
	// first, at most decode.MaxQuotedBytes; empty when there is none. It is
	// reference only: decisions are made on Body, and an engine takes an
	// item or a price from Quoted only when Body refers to it (the item's
	// Origin is then OriginQuoted).
	Quoted string
}

// Output is one decision plus how it was reached.
type Output struct {
	// Decision is *Route or *Order; it is published as data.decision.
	Decision   any
	Provenance Provenance
	// Exchange is the LLM prompt and raw answer behind the decision (also
	// on a fallback), for debug logs only; never published.
	Exchange *Exchange
	// Alternatives are the queues the engine weighed, best first, with
	// their scores (the rules router sets them); they go into review tasks
	// only, never into the output event.
	Alternatives []QueueScore `json:"-"`
}

// QueueScore is one queue an engine considered and its score (the rules
// router's summed rule weights).
type QueueScore struct {
	Queue string  `json:"queue"`
	Score float64 `json:"score"`
}

// Exchange is one LLM prompt and its raw answer.
type Exchange struct {
	Prompt, Response string
}

// Route is a routing decision for a ticket.
type Route struct {
	Queue string `json:"queue"`
	// Matched lists the rule names that voted for Queue (rules engine only).
	Matched []string `json:"matched,omitempty"`
}

// Order is what an email orders. IsOrder is false when the email orders
// nothing; Items is then empty.
type Order struct {
	IsOrder  bool   `json:"is_order"`
	OrderRef string `json:"order_ref,omitempty"`
	Currency string `json:"currency,omitempty"` // ISO 4217, upper case
	Items    []Item `json:"items"`
	// Truncated is set when the email listed more items than an order event
	// holds (schemas.MaxOrderItems): Items are the first ones, ItemsTotal
	// how many were read. See CapItems.
	Truncated  bool `json:"truncated,omitempty"`
	ItemsTotal int  `json:"items_total,omitempty"`
	// DeclinedBy is set on no order when the rules read an order and an
	// order model declined it (processors/model's CombineOrders): the
	// model and its probability that the email orders nothing,
	// "model:0.97".
	DeclinedBy string `json:"declined_by,omitempty"`
}

// Item is one order line. At least one of Product and SKU is set; Quantity is
// a positive integer; UnitPrice is nil when the email does not state one.
type Item struct {
	Product   string   `json:"product,omitempty"`
	SKU       string   `json:"sku,omitempty"`
	Quantity  int      `json:"quantity"`
	UnitPrice *float64 `json:"unit_price,omitempty"`
	// Origin is OriginQuoted when the item or its unit price came from the
	// quoted context (Input.Quoted) rather than the new text; else empty.
	Origin string `json:"origin,omitempty"`
	// Catalog is the catalog entry the item resolved to (rules.catalog; see
	// processors/catalog); Unknown is set instead when no entry matched
	// well enough. Both are unset without a catalog.
	Catalog *CatalogMatch `json:"catalog,omitempty"`
	Unknown bool          `json:"unknown_product,omitempty"`
	// PriceFrom is PriceFromCatalog when UnitPrice was filled from the
	// catalog because the email stated none; empty when the email did.
	PriceFrom string `json:"price_from,omitempty"`
}

// PriceFromCatalog is Item.PriceFrom for a price taken from the catalog.
const PriceFromCatalog = "catalog"

// CatalogMatch is the catalog entry an item resolved to, and the match
// score in 0..1 (1 for a SKU match).
type CatalogMatch struct {
	SKU   string  `json:"sku"`
	Name  string  `json:"name"`
	Score float64 `json:"score"`
}

// OriginQuoted is Item.Origin for an item or price read from Input.Quoted.
const OriginQuoted = "quoted"

// Engine sources, recorded on every event.
const (
	SourceRules = "rules"
	SourceLLM   = "llm"
	SourceCache = "cache"
	// SourceHuman is a person's correction (the corrections topic), and a
	// decision served from the answer it left (see Human).
	SourceHuman = "human"
)

// Provenance says which engine answered and why. It is published as
// data.provenance.
type Provenance struct {
	Source         string   `json:"source"`
	FallbackReason string   `json:"fallback_reason,omitempty"`
	EngineVersion  string   `json:"engine_version"`
	Confidence     *float64 `json:"confidence,omitempty"`
	// LLM fields: set when the LLM answered (source llm or cache), and on a
	// fallback the model and prompt that were tried.
	Model            string  `json:"model,omitempty"`
	PromptVersion    string  `json:"prompt_version,omitempty"`
	LatencyMS        float64 `json:"latency_ms,omitempty"`
	PromptTokens     int     `json:"prompt_tokens,omitempty"`
	CompletionTokens int     `json:"completion_tokens,omitempty"`
	CostUSD          float64 `json:"cost_usd,omitempty"`
}

// Cleaning says what decode.Decoder.Decode cut from an email's body before the
// decision; it is published as data.cleaning of the order event.
type Cleaning struct {
	// OriginalChars counts the runes of the body before cleaning (the text,
	// the HTML reduced to text, or the text of the raw_mime message);
	// CleanedChars those of the cleaned Body; QuotedChars those of the
	// quoted history set aside.
	OriginalChars     int  `json:"original_chars"`
	CleanedChars      int  `json:"cleaned_chars"`
	QuotedChars       int  `json:"quoted_chars"`
	SignatureStripped bool `json:"signature_stripped"`
	// Forwarded says Body holds a forwarded message (see clean.Clean).
	Forwarded bool `json:"forwarded,omitempty"`
	// Attachments lists the raw_mime message's attachments, metadata only.
	Attachments []Attachment `json:"attachments,omitempty"`
}

// Attachment describes one attachment (or other non-text part) of a MIME
// message; its content is never kept.
type Attachment struct {
	Name string `json:"name,omitempty"` // file name, at most 255 runes
	Type string `json:"type"`           // media type, lower case
	Size int    `json:"size"`           // decoded bytes
}

// Thread holds an email's thread headers; it is published as data.thread of
// the order event so that subscribers can group a conversation.
type Thread struct {
	MessageID  string   `json:"message_id"`
	InReplyTo  string   `json:"in_reply_to,omitempty"`
	References []string `json:"references,omitempty"`
}
