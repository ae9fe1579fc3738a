package pipeline

import (
	"bytes"
	"context"
	"strings"

	cloudevents "github.com/cloudevents/sdk-go/v2"
	"github.com/cloudevents/sdk-go/v2/binding"
	"github.com/cloudevents/sdk-go/v2/binding/format"
	"github.com/cloudevents/sdk-go/v2/binding/spec"
	"github.com/segmentio/kafka-go"
)

// This file reads triage's Kafka records with the official CloudEvents SDK
// for Go. sdkRecord is a binding.Message over a kafka-go record, written the
// way the SDK's own Kafka bindings (protocol/kafka_sarama) are: ce_ header
// prefix, content-type mapped to datacontenttype.

var ceSpecs = spec.WithPrefix("ce_")

// Encoding rules: how a reader picks the content mode of a record.
const (
	// ruleBinding is the Kafka protocol binding's rule, as in the SDK's
	// kafka_sarama: a content-type naming an event format means structured,
	// else a ce_specversion header means binary.
	ruleBinding = iota
	// ruleAnyCEHeader is the rule of the Python SDK's from_kafka
	// (cloudevents 2.2.0, core/bindings/kafka.py): any ce_ header means
	// binary, a missing ce_specversion defaults to 1.0.
	ruleAnyCEHeader
)

type sdkRecord struct {
	value   []byte
	headers map[string][]byte // lower-cased keys
	format  format.Format     // set in structured mode
	version spec.Version      // set in binary mode
}

var (
	_ binding.Message               = (*sdkRecord)(nil)
	_ binding.MessageMetadataReader = (*sdkRecord)(nil)
)

func newSDKRecord(m kafka.Message, rule int) *sdkRecord {
	r := &sdkRecord{value: m.Value, headers: map[string][]byte{}}
	anyCE := false
	for _, h := range m.Headers {
		k := strings.ToLower(h.Key)
		r.headers[k] = h.Value
		anyCE = anyCE || strings.HasPrefix(k, ceSpecs.Prefix())
	}
	version := ceSpecs.Version(string(r.headers[ceSpecs.PrefixedSpecVersionName()]))
	switch ft := format.Lookup(string(r.headers["content-type"])); {
	case rule == ruleAnyCEHeader && anyCE:
		r.version = version
		if version == nil {
			r.version = ceSpecs.Version("1.0")
		}
	case ft != nil:
		r.format = ft
	default:
		r.version = version
	}
	return r
}

// SDKEvent decodes m with the SDK (binding.ToEvent) under the binding's
// rule and says which encoding the SDK saw. Exported for the integration
// tests of package pipeline_test.
func SDKEvent(m kafka.Message) (*cloudevents.Event, binding.Encoding, error) {
	return sdkEventBy(m, ruleBinding)
}

func sdkEventBy(m kafka.Message, rule int) (*cloudevents.Event, binding.Encoding, error) {
	r := newSDKRecord(m, rule)
	ev, err := binding.ToEvent(context.Background(), r)
	return ev, r.ReadEncoding(), err
}

func (r *sdkRecord) ReadEncoding() binding.Encoding {
	switch {
	case r.version != nil:
		return binding.EncodingBinary
	case r.format != nil:
		return binding.EncodingStructured
	}
	return binding.EncodingUnknown
}

func (r *sdkRecord) ReadStructured(ctx context.Context, w binding.StructuredWriter) error {
	if r.format == nil {
		return binding.ErrNotStructured
	}
	return w.SetStructuredEvent(ctx, r.format, bytes.NewReader(r.value))
}

func (r *sdkRecord) ReadBinary(ctx context.Context, w binding.BinaryWriter) error {
	if r.version == nil {
		return binding.ErrNotBinary
	}
	for k, v := range r.headers {
		var err error
		if name, ok := strings.CutPrefix(k, ceSpecs.Prefix()); ok {
			if attr := r.version.Attribute(k); attr != nil {
				err = w.SetAttribute(attr, string(v))
			} else {
				err = w.SetExtension(name, string(v))
			}
		} else if k == "content-type" {
			err = w.SetAttribute(r.version.AttributeFromKind(spec.DataContentType), string(v))
		}
		if err != nil {
			return err
		}
	}
	if r.value != nil {
		return w.SetData(bytes.NewReader(r.value))
	}
	return nil
}

func (r *sdkRecord) GetAttribute(k spec.Kind) (spec.Attribute, any) {
	attr := r.version.AttributeFromKind(k)
	if attr == nil {
		return nil, nil
	}
	if v, ok := r.headers[attr.PrefixedName()]; ok {
		return attr, string(v)
	}
	return attr, nil
}

func (r *sdkRecord) GetExtension(name string) any {
	if v, ok := r.headers[ceSpecs.Prefix()+name]; ok {
		return string(v)
	}
	return nil
}

func (r *sdkRecord) Finish(error) error { return nil }
