package pipeline

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"testing"

	"github.com/segmentio/kafka-go"

	"github.com/triage/triage/processors"
	"github.com/triage/triage/schemas"
)

// emailHandler is newHandler with an email route whose processor orders
// nothing.
func emailHandler(t *testing.T) *Handler {
	h := newHandler(t, route("billing"))
	h.Routes["in.emails"] = Route{Kind: processors.KindEmail, Output: "out.orders", Spec: processors.Spec{
		Name: "extract", Version: "v1", EventType: TypeOrder, Schema: schemas.EmailOrder,
		Processor: processors.Func(func(ctx context.Context, in processors.Input) (processors.Output, error) {
			return processors.Output{Decision: &processors.Order{Items: []processors.Item{}},
				Provenance: processors.Provenance{Source: processors.SourceRules, EngineVersion: "rules-x"}}, nil
		})}}
	return h
}

func handleEvent(t *testing.T, h *Handler, m kafka.Message) CloudEvent {
	t.Helper()
	outs, err := h.Handle(context.Background(), m)
	if err != nil {
		t.Fatal(err)
	}
	var ev CloudEvent
	if err := json.Unmarshal(outs[0].Value, &ev); err != nil {
		t.Fatal(err)
	}
	return ev
}

// TestEmailEventIDFollowsMessageID: the same message delivered twice (same
// Message-ID, other offsets and partitions) gets the same event id; another
// Message-ID or processor version another id; tickets keep their
// coordinates.
func TestEmailEventIDFollowsMessageID(t *testing.T) {
	h := emailHandler(t)
	const mail = `{"message_id":"<a1@x.example>","from":"a@x.example","to":["o@shop.example"],"subject":"Order",` +
		`"text":"Please send 2 x Mug.\n\nOn Tue, 3 Nov 2026 at 10:02, Shop <s@shop.example> wrote:\n> 9 x Old","received_at":"2026-11-27T09:15:00Z",` +
		`"in_reply_to":"<s9@shop.example>","references":["<a0@x.example>","<s9@shop.example>"]}`
	first := handleEvent(t, h, kafka.Message{Topic: "in.emails", Partition: 0, Offset: 7, Value: []byte(mail)})
	again := handleEvent(t, h, kafka.Message{Topic: "in.emails", Partition: 3, Offset: 912, Value: []byte(mail)})
	if first.ID != again.ID || first.ID != KeyedEventID("msgid:<a1@x.example>", "extract", "v1") {
		t.Errorf("ids %s and %s, want both %s", first.ID, again.ID, KeyedEventID("msgid:<a1@x.example>", "extract", "v1"))
	}
	if first.ID == EventID("in.emails", 0, 7, "extract", "v1") {
		t.Error("email event id still follows the coordinates")
	}
	other := handleEvent(t, h, kafka.Message{Topic: "in.emails", Offset: 7,
		Value: []byte(`{"message_id":"<a2@x.example>","from":"a@x.example","to":["o@shop.example"],"subject":"Order","text":"x","received_at":"2026-11-27T09:15:00Z"}`)})
	if other.ID == first.ID {
		t.Error("another Message-ID got the same id")
	}
	if KeyedEventID("msgid:<a1@x.example>", "extract", "v2") == first.ID {
		t.Error("another processor version got the same id")
	}
	th, c := first.Data.Thread, first.Data.Cleaning
	if th == nil || th.MessageID != "<a1@x.example>" || th.InReplyTo != "<s9@shop.example>" || len(th.References) != 2 {
		t.Errorf("thread %+v", th)
	}
	if c == nil || c.OriginalChars != 89 || c.CleanedChars != 20 || c.QuotedChars != 67 {
		t.Errorf("cleaning %+v", c)
	}
	tk := handleEvent(t, h, kafka.Message{Topic: "in.tickets", Partition: 1, Offset: 5, Value: []byte(ticketJSON)})
	if tk.ID != EventID("in.tickets", 1, 5, "route", "v1") || tk.Data.Thread != nil || tk.Data.Cleaning != nil {
		t.Errorf("ticket event %+v", tk)
	}
}

// TestEmailEventCarriesMIMEThreadAndAttachments: thread headers and
// attachment metadata read from raw_mime reach the (schema-valid) event.
func TestEmailEventCarriesMIMEThreadAndAttachments(t *testing.T) {
	raw := "Subject: Re: PO\r\nIn-Reply-To: <p1@shop.example>\r\nReferences: <p0@x.example>\r\n <p1@shop.example>\r\n" +
		"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\n" +
		"3 x Mug\r\n--b\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=po.pdf\r\n" +
		"Content-Transfer-Encoding: base64\r\n\r\nJVBERi0=\r\n--b--\r\n"
	mail := `{"message_id":"<m@x.example>","from":"a@x.example","to":["o@shop.example"],"subject":"","raw_mime":"` +
		base64.StdEncoding.EncodeToString([]byte(raw)) + `","received_at":"2026-11-27T09:15:00Z"}`
	ev := handleEvent(t, emailHandler(t), kafka.Message{Topic: "in.emails", Value: []byte(mail)})
	th, c := ev.Data.Thread, ev.Data.Cleaning
	if th == nil || th.InReplyTo != "<p1@shop.example>" || len(th.References) != 2 || th.References[0] != "<p0@x.example>" {
		t.Errorf("thread %+v", th)
	}
	if c == nil || len(c.Attachments) != 1 || c.Attachments[0] != (processors.Attachment{Name: "po.pdf", Type: "application/pdf", Size: 5}) {
		t.Errorf("cleaning %+v", c)
	}
}
