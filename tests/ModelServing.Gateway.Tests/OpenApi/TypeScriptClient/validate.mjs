// Validates swagger.json against the OpenAPI specification and its JSON schema with @apidevtools/swagger-parser.
import SwaggerParser from "@apidevtools/swagger-parser";

const api = await SwaggerParser.validate("swagger.json");
console.log(JSON.stringify({ openapi: api.openapi, paths: Object.keys(api.paths).length }));
