global using System.ComponentModel;
global using System.Text.Json.Serialization;
global using StructuredChat.Emulator;
global using StructuredChat.Streaming;
