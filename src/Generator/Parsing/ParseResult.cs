using Microsoft.CodeAnalysis;
using StructuredChat.Generator.Helpers;
using StructuredChat.Generator.Model;

namespace StructuredChat.Generator.Parsing;

/// <summary>
/// What the parse step yields: the spec for the source pipeline (null when an error stops generation) and the real
/// diagnostics, which keep their syntax locations so that <c>#pragma warning disable</c> works.
/// </summary>
internal sealed record ParseResult(ResponseTypeSpec? Spec, EquatableArray<Diagnostic> Diagnostics);
