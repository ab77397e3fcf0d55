package sessionmanager

import (
	"encoding/json"
	"fmt"
	"math"

	"google.golang.org/protobuf/types/known/structpb"
)

// maxExactInt is the largest integer magnitude a float64 holds exactly.
const maxExactInt = 1 << 53

// MetadataToStruct converts session metadata to the structpb.Struct the
// service carries. Values may be anything encoding/json can encode (strings,
// numbers, booleans, nil, slices, maps, structs with json tags, ...); they
// are sent as their JSON form, with every number as a double. A nil map
// gives an empty Struct.
func MetadataToStruct(metadata map[string]any) (*structpb.Struct, error) {
	if metadata == nil {
		return &structpb.Struct{}, nil
	}
	encoded, err := json.Marshal(metadata)
	if err != nil {
		return nil, fmt.Errorf("sessionmanager: metadata is not JSON: %w", err)
	}
	s := &structpb.Struct{}
	if err := s.UnmarshalJSON(encoded); err != nil {
		return nil, fmt.Errorf("sessionmanager: metadata is not a JSON object: %w", err)
	}
	return s, nil
}

// MetadataFromStruct converts a structpb.Struct from the service to plain Go
// values: string, bool, nil, []any, map[string]any, and numbers. Struct
// carries every number as a double, so 2 and 2.0 cannot be told apart; a
// whole number that a float64 holds exactly comes back as int64, as it was
// most likely sent, and any other number as float64. A nil Struct gives an
// empty, non-nil map.
func MetadataFromStruct(s *structpb.Struct) map[string]any {
	fields := s.GetFields()
	result := make(map[string]any, len(fields))
	for key, value := range fields {
		result[key] = fromValue(value)
	}
	return result
}

func fromValue(v *structpb.Value) any {
	switch kind := v.GetKind().(type) {
	case *structpb.Value_NumberValue:
		return fromNumber(kind.NumberValue)
	case *structpb.Value_StringValue:
		return kind.StringValue
	case *structpb.Value_BoolValue:
		return kind.BoolValue
	case *structpb.Value_StructValue:
		return MetadataFromStruct(kind.StructValue)
	case *structpb.Value_ListValue:
		values := kind.ListValue.GetValues()
		list := make([]any, len(values))
		for i, item := range values {
			list[i] = fromValue(item)
		}
		return list
	default: // null, or no kind set
		return nil
	}
}

func fromNumber(f float64) any {
	if f == math.Trunc(f) && math.Abs(f) <= maxExactInt {
		return int64(f)
	}
	return f
}
