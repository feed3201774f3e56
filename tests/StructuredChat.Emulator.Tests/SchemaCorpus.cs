namespace StructuredChat.Emulator.Tests;

/// <summary>Twenty valid schemas of different shapes: each obeys Parallel's rules.</summary>
internal static class SchemaCorpus
{
    public const string CompanyInfo = """
        {"type":"object","properties":{
          "name":{"type":"string","description":"Legal name"},
          "founded":{"type":["string","null"],"description":"Founding date as an ISO 8601 date (YYYY-MM-DD)"},
          "headquarters":{"type":"string"},
          "founders":{"type":"array","items":{"type":"object","properties":{
              "name":{"type":"string"},"role":{"type":["string","null"]}},
              "required":["name","role"],"additionalProperties":false}},
          "size":{"type":"string","enum":["startup","small","medium","large","enterprise"]}},
         "required":["name","founded","headquarters","founders","size"],"additionalProperties":false}
        """;

    public static readonly IReadOnlyDictionary<string, string> All = new Dictionary<string, string>
    {
        ["company_info"] = CompanyInfo,
        ["primitives"] = """
            {"type":"object","properties":{"title":{"type":"string"},"count":{"type":"integer"},"ratio":{"type":"number"},"active":{"type":"boolean"}},
             "required":["title","count","ratio","active"],"additionalProperties":false}
            """,
        ["all_nullable"] = """
            {"type":"object","properties":{"a":{"type":["string","null"]},"b":{"type":["integer","null"]},"c":{"type":["number","null"]},"d":{"type":["boolean","null"]},
             "e":{"type":["array","null"],"items":{"type":"string"}},"f":{"type":["object","null"],"properties":{"x":{"type":"integer"}},"required":["x"],"additionalProperties":false}},
             "required":["a","b","c","d","e","f"],"additionalProperties":false}
            """,
        ["five_levels"] = """
            {"type":"object","properties":{"regions":{"type":"array","items":{"type":"object","properties":{
              "name":{"type":"string"},"offices":{"type":"array","items":{"type":"object","properties":{
                "city":{"type":"string"},"staff":{"type":"integer"}},"required":["city","staff"],"additionalProperties":false}}},
              "required":["name","offices"],"additionalProperties":false}}},
             "required":["regions"],"additionalProperties":false}
            """,
        ["enums"] = """
            {"type":"object","properties":{"color":{"type":"string","enum":["red","green","blue"]},"level":{"type":"integer","enum":[1,2,3,5,8]},
             "mixed":{"enum":["auto",0,true,null]},"maybe":{"type":["string","null"],"enum":["yes","no",null]}},
             "required":["color","level","mixed","maybe"],"additionalProperties":false}
            """,
        ["any_of"] = """
            {"type":"object","properties":{"value":{"anyOf":[{"type":"string"},{"type":"integer"}]},
             "optional_note":{"anyOf":[{"type":"string"},{"type":"null"}]}},
             "required":["value","optional_note"],"additionalProperties":false}
            """,
        ["arrays"] = """
            {"type":"object","properties":{"tags":{"type":"array","items":{"type":"string"}},"scores":{"type":"array","items":{"type":"integer"}},
             "matrix":{"type":"array","items":{"type":"array","items":{"type":"number"}}}},
             "required":["tags","scores","matrix"],"additionalProperties":false}
            """,
        ["formats_in_descriptions"] = """
            {"type":"object","properties":{"website":{"type":"string","description":"Homepage URL"},"email":{"type":"string","description":"Contact e-mail address"},
             "last_updated":{"type":"string","description":"Timestamp of the last update (ISO 8601 date-time)"},"release_date":{"type":"string","description":"ISO date"},
             "id":{"type":"string","description":"A UUID"},"phone":{"type":"string"}},
             "required":["website","email","last_updated","release_date","id","phone"],"additionalProperties":false}
            """,
        ["constants"] = """
            {"type":"object","properties":{"kind":{"type":"string","const":"report"},"version":{"type":"integer","const":2},"body":{"type":"string"}},
             "required":["kind","version","body"],"additionalProperties":false}
            """,
        ["definitions_ref"] = """
            {"type":"object","properties":{"ceo":{"$ref":"#/definitions/person"},"cfo":{"$ref":"#/definitions/person"}},
             "required":["ceo","cfo"],"additionalProperties":false,
             "definitions":{"person":{"type":"object","properties":{"name":{"type":"string"},"age":{"type":"integer"}},"required":["name","age"],"additionalProperties":false}}}
            """,
        ["loose_object"] = """
            {"type":"object","properties":{"summary":{"type":"string"},"notes":{"type":"string"}}}
            """,
        ["unicode_names"] = """
            {"type":"object","properties":{"名前":{"type":"string"},"café":{"type":"string"},"größe":{"type":"number"}},
             "required":["名前","café","größe"],"additionalProperties":false}
            """,
        ["odd_names"] = """
            {"type":"object","properties":{"first name":{"type":"string"},"a-b":{"type":"integer"},"x.y":{"type":"boolean"},"quote\"d":{"type":"string"},"format":{"type":"string"}},
             "required":["first name","a-b","x.y","quote\"d","format"],"additionalProperties":false}
            """,
        ["hundred_properties"] = "{\"type\":\"object\",\"properties\":{"
            + string.Join(",", Enumerable.Range(0, 100).Select(i => $"\"p{i}\":{{\"type\":\"{(i % 3 == 0 ? "integer" : i % 3 == 1 ? "string" : "boolean")}\"}}"))
            + "},\"required\":[" + string.Join(",", Enumerable.Range(0, 100).Select(i => $"\"p{i}\"")) + "],\"additionalProperties\":false}",
        ["big_enum"] = "{\"type\":\"object\",\"properties\":{\"code\":{\"type\":\"string\",\"enum\":["
            + string.Join(",", Enumerable.Range(0, 300).Select(i => $"\"c{i:000}\""))
            + "]}},\"required\":[\"code\"],\"additionalProperties\":false}",
        ["untyped_property"] = """
            {"type":"object","properties":{"anything":{},"described":{"description":"A short free-text summary"}},"required":["anything","described"],"additionalProperties":false}
            """,
        ["nullable_items"] = """
            {"type":"object","properties":{"people":{"type":"array","items":{"type":["object","null"],"properties":{"name":{"type":"string"},"email":{"type":"string"}},
             "required":["name","email"],"additionalProperties":false}}},"required":["people"],"additionalProperties":false}
            """,
        ["financials"] = """
            {"type":"object","properties":{"revenue_usd":{"type":"number","description":"Annual revenue in USD"},"margin_percent":{"type":"number"},
             "latitude":{"type":"number"},"longitude":{"type":"number"},"currency":{"type":"string"},"employees":{"type":"integer"},"fiscal_year":{"type":"integer"}},
             "required":["revenue_usd","margin_percent","latitude","longitude","currency","employees","fiscal_year"],"additionalProperties":false}
            """,
        ["nested_objects"] = """
            {"type":"object","properties":{"market":{"type":"object","properties":{"size":{"type":"number"},"region":{"type":"object","properties":{
              "country":{"type":"string"},"city":{"type":"string"}},"required":["country","city"],"additionalProperties":false}},
              "required":["size","region"],"additionalProperties":false},"flags":{"type":"object","properties":{"public":{"type":"boolean"}},"required":["public"],"additionalProperties":false}},
             "required":["market","flags"],"additionalProperties":false}
            """,
        ["one_of_shapes"] = """
            {"type":"object","properties":{"event":{"oneOf":[
              {"type":"object","properties":{"meeting_title":{"type":"string"},"date":{"type":"string","description":"ISO date"}},"required":["meeting_title","date"],"additionalProperties":false},
              {"type":"object","properties":{"deadline_task":{"type":"string"},"done":{"type":"boolean"}},"required":["deadline_task","done"],"additionalProperties":false}]}},
             "required":["event"],"additionalProperties":false}
            """,
    };
}
